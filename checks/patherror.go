package checks

// pathError is "PATH: reason" for the box checks, without the operation
// name that os.PathError adds ("statfs /data: no such file or directory").
type pathError struct {
	path string
	err  error
}

func (e *pathError) Error() string { return e.path + ": " + e.err.Error() }
func (e *pathError) Unwrap() error { return e.err }
