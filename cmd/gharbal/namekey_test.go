package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func namekeyRun(stdin string, args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(append([]string{"namekey"}, args...), strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestNamekeyCommand(t *testing.T) {
	code, out, errs := namekeyRun("mujahideen\nمجاہدین\n\nDaech\r\n---\nTehrik-i-Taliban")
	if code != 0 || errs != "" {
		t.Fatalf("namekey: code %d, stderr %q", code, errs)
	}
	want := "MJDN {MJD}\nMJDN\n\nDC {DS}\n\nTRK TLBN {TRK TLB}\n"
	if out != want {
		t.Errorf("namekey output = %q, want %q", out, want)
	}
}

func TestNamekeyHandleJSON(t *testing.T) {
	code, out, errs := namekeyRun("T.T.P_0fficiaI2\nتحریک_طالبان\n", "-handle", "-json")
	if code != 0 || errs != "" {
		t.Fatalf("namekey -handle -json: code %d, stderr %q", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d lines, want 2: %q", len(lines), out)
	}
	var r namekeyRecord
	if err := json.Unmarshal([]byte(lines[0]), &r); err != nil {
		t.Fatal(err)
	}
	if r.Skeleton != "tp" || r.Key != "TB" || r.Input != "T.T.P_0fficiaI2" || !strings.Contains(r.Explain, `affix "officiai"`) {
		t.Errorf("line 1 = %+v", r)
	}
	if err := json.Unmarshal([]byte(lines[1]), &r); err != nil {
		t.Fatal(err)
	}
	if r.Key != "TRK TLBN" {
		t.Errorf("line 2 key = %q, want TRK TLBN", r.Key)
	}
}

func TestNamekeyFlags(t *testing.T) {
	if code, _, errs := namekeyRun("", "-max-alternatives", "0"); code != 2 || !strings.Contains(errs, "invalid option") {
		t.Errorf("-max-alternatives 0: code %d, stderr %q", code, errs)
	}
	if code, _, _ := namekeyRun("", "extra"); code != 2 {
		t.Errorf("extra argument: code %d, want 2", code)
	}
	if code, out, _ := namekeyRun("Uthman\n", "-max-alternatives", "1"); code != 0 || out != "ATMN\n" {
		t.Errorf("-max-alternatives 1: code %d, out %q", code, out)
	}
}
