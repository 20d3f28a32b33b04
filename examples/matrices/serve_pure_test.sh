#!/bin/bash
# Serves the plain-Python matrices component (app_pure.py) with `wasmtime
# serve` and checks its answers: the article's request, other routes (400),
# malformed JSON and non-conforming matrices (500, `Type: message`).
# Usage: serve_pure_test.sh WASMTIME COMPONENT
. "$(dirname "${BASH_SOURCE[0]}")/serve_lib.sh"
serve "$1" "$2"

article='[[[1, 2], [4, 5], [6, 7]], [[1, 2, 3], [4, 5, 6]]]'
check POST /multiply "$article" 200 '[[9, 12, 15], [24, 33, 42], [34, 47, 60]]'
check GET /multiply '' 400 ''
check POST /divide "$article" 400 ''
check POST /multiply '[[[1, 2]], [[3' 500 'JSONDecodeError: ' prefix
check POST /multiply '[[[1, 2]], [[3, 4]]]' 500 'ValueError: cannot multiply a 1x2 matrix by a 1x2 matrix'
check POST /multiply '[[["a"]], [[1]]]' 500 "ValueError: a holds 'a'" prefix
check POST /multiply "$article" 200 '[[9, 12, 15], [24, 33, 42], [34, 47, 60]]'
finish
