// Package atomicfile writes a file so that readers see the old content or
// the new, never a part: through a temporary file in the same folder, synced
// and renamed into place.
//
// Write is safe for concurrent use on different paths; two writers of one
// path leave one of the two contents.
package atomicfile

import (
	"io"
	"os"
	"path/filepath"
)

// Write calls write with a temporary file next to path, then makes it path:
// mode 0644, synced, renamed, and the folder synced. On any error the
// temporary file is removed and path is left as it was.
func Write(path string, write func(io.Writer) (int64, error)) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = write(f); err != nil {
		return err
	}
	if err = f.Chmod(0o644); err != nil { // CreateTemp makes 0600
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return err
	}
	if d, derr := os.Open(dir); derr == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
