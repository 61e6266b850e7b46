//go:build !linux

package checks

import "errors"

// statDisk is not implemented beyond Linux.
func statDisk(path string) (diskUsage, error) {
	return diskUsage{}, errors.New("disk checks need Linux")
}
