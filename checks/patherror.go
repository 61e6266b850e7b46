package checks

import (
	"errors"
	"io/fs"

	"github.com/healthlite/healthlite/core"
)

// pathError is "PATH: reason" for the box checks, without the operation
// name that os.PathError adds ("statfs /data: no such file or directory").
type pathError struct {
	path string
	err  error
}

func (e *pathError) Error() string { return e.path + ": " + e.err.Error() }
func (e *pathError) Unwrap() error { return e.err }

// failFile fails r for a file the check could not read: "PATH does not
// exist" when it is missing, the error's own text otherwise.
func failFile(r *core.Result, path string, err error) {
	r.Status = core.StatusFail
	if errors.Is(err, fs.ErrNotExist) {
		r.Message = path + " does not exist"
	} else {
		r.Message = err.Error()
	}
}
