// Package wasmbin walks the WebAssembly binary format just far enough to
// refuse, before wazero compiles a module, what would cost the host memory
// or CPU that no limit of wazero's covers: counts and sizes the module's
// bytes cannot hold (CheckDeclaredSizes), code over the compile caps
// (CheckCompileCost), and tables without a maximum (CapTables rewrites them
// with one). It never panics on any input.
//
// Every function takes a whole module whose magic number and version the
// caller has checked, and reads the sections after them.
package wasmbin
