package checks

import "syscall"

// errNotSupported is what reading /proc/pressure returns when the kernel
// was booted with psi=0.
var errNotSupported error = syscall.EOPNOTSUPP
