// Throwaway: measures wazero compile memory. Not committed.
package main

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/tetratelabs/wazero"
)

func section(id byte, content []byte) []byte {
	out := []byte{id}
	out = binary.AppendUvarint(out, uint64(len(content)))
	return append(out, content...)
}

// gen: n functions of type ()->(), each body = bodyOps repetitions of
// "local.get 0 i32.const 1 i32.add local.set 0" over one i32 local.
func gen(n, bodyOps int) []byte {
	m := []byte("\x00asm\x01\x00\x00\x00")
	m = append(m, section(1, []byte{1, 0x60, 0, 0})...)
	fs := binary.AppendUvarint(nil, uint64(n))
	for i := 0; i < n; i++ {
		fs = append(fs, 0)
	}
	m = append(m, section(3, fs)...)
	var body []byte
	if pattern := os.Getenv("PAT"); pattern != "" {
		body = []byte{1, 1, 0x7f}
		for i := 0; i < bodyOps; i++ {
			switch pattern {
			case "mem": // i32.store (addr=i*4) (i32.add (i32.load addr) (local.get 0))
				a := binary.AppendUvarint(nil, uint64(i*4%60000))
				body = append(body, 0x41)
				body = append(body, a...)
				body = append(body, 0x41)
				body = append(body, a...)
				body = append(body, 0x28, 2, 0, 0x20, 0, 0x6a, 0x36, 2, 0)
			case "br": // block (br_if 0 (local.get 0)) (local.set 0 (i32.add (local.get 0) (i32.const 1))) end
				body = append(body, 0x02, 0x40, 0x20, 0, 0x0d, 0, 0x20, 0, 0x41, 1, 0x6a, 0x21, 0, 0x0b)
			case "call": // call function 0 (type ()->())
				body = append(body, 0x10, 0)
			case "loc": // local.set 0 (i32.add (local.get 0)(local.get 0)) and store global? use memory store of local
				body = append(body, 0x20, 0, 0x20, 0, 0x6a, 0x21, 0, 0x41, 0, 0x20, 0, 0x36, 2, 0)
			}
		}
		body = append(body, 0x0b)
	} else if bodyOps == 0 {
		body = []byte{0, 0x0b}
	} else {
		body = []byte{1, 1, 0x7f}
		for i := 0; i < bodyOps; i++ {
			body = append(body, 0x20, 0, 0x41, 1, 0x6a, 0x21, 0)
		}
		body = append(body, 0x0b)
	}
	code := binary.AppendUvarint(nil, uint64(n))
	for i := 0; i < n; i++ {
		code = binary.AppendUvarint(code, uint64(len(body)))
		code = append(code, body...)
	}
	m = append(m, section(5, []byte{1, 0, 1})...)
	m = append(m, section(10, code)...)
	return m
}

func hwm() int64 {
	b, _ := os.ReadFile("/proc/self/status")
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			f := strings.Fields(l)
			v, _ := strconv.ParseInt(f[1], 10, 64)
			return v << 10
		}
	}
	return 0
}

func main() {
	var mod []byte
	if os.Args[1] == "file" {
		mod, _ = os.ReadFile(os.Args[2])
	} else {
		n, _ := strconv.Atoi(os.Args[1])
		ops, _ := strconv.Atoi(os.Args[2])
		mod = gen(n, ops)
	}
	runtime.GC()
	debug.FreeOSMemory()
	// reset HWM
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	base := hwm()
	ctx := context.Background()
	rt := wazero.NewRuntime(ctx)
	var ms0 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	t0 := time.Now()
	cpu0 := cputime()
	cm, err := rt.CompileModule(ctx, mod)
	if err != nil {
		fmt.Println("err", err)
		os.Exit(1)
	}
	el := time.Since(t0)
	cpu := cputime() - cpu0
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	peak := hwm()
	_ = cm
	fmt.Printf("size=%d funcs=%s wall=%v cpu=%v rssPeakDelta=%.1fMiB alloc=%.1fMiB ratio=%.1fx\n",
		len(mod), os.Args[1], el.Round(time.Millisecond), cpu.Round(time.Millisecond), float64(peak-base)/(1<<20),
		float64(ms.TotalAlloc-ms0.TotalAlloc)/(1<<20), float64(peak-base)/float64(len(mod)))
}

func cputime() time.Duration {
	b, _ := os.ReadFile("/proc/self/stat")
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	u, _ := strconv.ParseInt(f[11], 10, 64)
	k, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(u+k) * 10 * time.Millisecond
}
