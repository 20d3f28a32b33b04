"""Argument helpers shared by the actions that read WIT."""

def wit_args(args, wit, worlds, features = [], all_features = False):
    """Adds the WIT selection flags glue-gen and wit-bindgen-py share.

    Args:
        args: an Args object.
        wit: list of WitInfo.
        worlds: list of world names.
        features: `@unstable` features to enable.
        all_features: enable all of them.

    Returns:
        The WIT files the action reads.
    """
    dirs = depset(transitive = [w.transitive_dirs for w in wit], order = "postorder")
    args.add_all(dirs, before_each = "-d")
    args.add_all(worlds, before_each = "-w")
    if features:
        args.add("--features", ",".join(features))
    if all_features:
        args.add("--all-features")
    return depset(transitive = [w.transitive_srcs for w in wit])
