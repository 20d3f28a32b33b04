"""Prints the public API of a generated bindings directory as JSON.

Usage: python3 api_surface.py DIR WORLD_MODULE

Walks every `.py` module under DIR/WORLD_MODULE (and DIR/componentize_py_types.py)
with `ast` (nothing is imported) and records, per module: classes with their
fields, methods (with parameter names) and enum members; functions with their
parameter names; and module-level assignments. Used to compare our layout and
names with componentize-py's.
"""

import ast
import json
import os
import sys


def params(fn: ast.FunctionDef) -> list[str]:
    return [a.arg for a in fn.args.args]


def class_surface(node: ast.ClassDef) -> dict[str, object]:
    fields = []
    methods = {}
    for item in node.body:
        if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
            fields.append(item.target.id)
        elif isinstance(item, ast.Assign):
            fields.extend(t.id for t in item.targets if isinstance(t, ast.Name))
        elif isinstance(item, ast.FunctionDef):
            methods[item.name] = params(item)
    return {"fields": fields, "methods": methods}


def module_surface(path: str) -> dict[str, object]:
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read())
    out: dict[str, object] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            out["class " + node.name] = class_surface(node)
        elif isinstance(node, ast.FunctionDef):
            out["def " + node.name] = params(node)
        elif isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Name):
                    out["var " + t.id] = True
    return out


def main() -> None:
    root, world_module = sys.argv[1], sys.argv[2]
    base = os.path.join(root, *world_module.split("."))
    result = {}
    for dirpath, _, files in os.walk(base):
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(dirpath, name)
                result[os.path.relpath(path, root)] = module_surface(path)
    result["componentize_py_types.py"] = module_surface(os.path.join(root, "componentize_py_types.py"))
    print(json.dumps(result, indent=1, sort_keys=True))


main()
