package checks

import (
	"syscall"
)

// statDisk reads the usage of the filesystem holding path.
func statDisk(path string) (diskUsage, error) {
	var s syscall.Statfs_t
	if err := syscall.Statfs(path, &s); err != nil {
		return diskUsage{}, &pathError{path, err}
	}
	bs := uint64(s.Frsize)
	if bs == 0 {
		bs = uint64(s.Bsize)
	}
	return diskUsage{free: s.Bavail * bs, size: s.Blocks * bs, inodesFree: s.Ffree, inodes: s.Files}, nil
}
