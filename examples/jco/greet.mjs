// Calls the `hello` component's `greet` export from Node. `jco transpile`
// turned the component into ES modules under ./hello (see run_in_node.sh).
import { greet } from "./hello/hello.js";

console.log(greet(process.argv[2] ?? "world"));
