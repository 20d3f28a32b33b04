#!/bin/bash
# Serves the NumPy matrices component (app.py) with `wasmtime serve` and
# checks its answers: the article's request, other routes (400), and errors
# as the article reports them (500, `Type: message`, NumPy's own messages).
# Usage: serve_test.sh WASMTIME COMPONENT
. "$(dirname "${BASH_SOURCE[0]}")/serve_lib.sh"
serve "$1" "$2"

article='[[[1, 2], [4, 5], [6, 7]], [[1, 2, 3], [4, 5, 6]]]'
check POST /multiply "$article" 200 '[[9, 12, 15], [24, 33, 42], [34, 47, 60]]'
check GET /multiply '' 400 ''
check POST /divide "$article" 400 ''
check POST /multiply '[[[1, 2]], [[3' 500 'JSONDecodeError: ' prefix
check POST /multiply '[[[1, 2]], [[3, 4]]]' 500 \
  'ValueError: matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size 1 is different from 2)'
check POST /multiply '[[["a"]], [[1]]]' 500 "UFuncTypeError: ufunc 'matmul' did not contain a loop with signature matching types" prefix
check POST /multiply '[[[1, 2], [3]], [[1], [2]]]' 500 'ValueError: setting an array element with a sequence.' prefix
check POST /multiply '[1]' 500 'ValueError: not enough values to unpack (expected 2, got 1)'
check POST /multiply '[[[1.5, 0.25]], [[2], [4]]]' 200 '[[4.0]]'
check POST /multiply "$article" 200 '[[9, 12, 15], [24, 33, 42], [34, 47, 60]]'
finish
