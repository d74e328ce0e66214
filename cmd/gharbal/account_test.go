package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const knownAccountsJSONL = `{"id": "ttp-main", "label": "TTP", "account": {"handle": "TTP_Official", "display_name": "Tehreek-e-Taliban Pakistan", "avatar_pdq": "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22", "links": ["https://t.me/ttp_official_channel"]}}

{"id": "umar", "label": "Umar Media", "account": {"handle": "umar_media", "display_name": "Umar Media"}}
`

func writeAccounts(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "accounts.jsonl")
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAccountMatches(t *testing.T) {
	k, err := loadAccounts(writeAccounts(t, knownAccountsJSONL), nil)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := k.accountMatches([]byte(`{"id": "q1", "text": "hello", "account": {"handle": "T.T.P_0fficiaI2", "display_name": "تحریک طالبان پاکستان", "avatar_pdq": "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b23"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 || ms[0].ID != "ttp-main" || ms[0].Label != "TTP" || ms[0].Signal != "account" || ms[0].Distance != 1 || ms[0].Score < 0.55 {
		t.Fatalf("accountMatches = %+v, want one account match of ttp-main at distance 1", ms)
	}
	if ms, err := k.accountMatches([]byte(`{"id": "q2", "text": "no account here"}`)); err != nil || ms != nil {
		t.Errorf("accountMatches(no account) = %v, %v, want nil, nil", ms, err)
	}
	if ms, err := (*knownAccounts)(nil).accountMatches([]byte(`{"account": {"handle": "x"}}`)); err != nil || ms != nil {
		t.Errorf("nil knownAccounts: %v, %v", ms, err)
	}
	if _, err := k.accountMatches([]byte(`{"account": {"avatar_pdq": "zz"}}`)); err == nil {
		t.Error("bad avatar hex: no error")
	}
}

func TestLoadAccountsErrors(t *testing.T) {
	for _, c := range []struct{ content, want string }{
		{`{"id": "a"}` + "\n", `:1: no "account" object`},
		{`{"id": "a", "account": {"handle": "x"}}` + "\n" + `{"id": "a", "account": {"handle": "y"}}` + "\n", `:2: duplicate account id "a"`},
		{"not json\n", ":1: invalid character"},
		{`{"id": "", "account": {"handle": "x"}}` + "\n", ":1: account: empty profile id"},
		{`{"id": "a", "account": {}}` + "\n", ":1: account: profile has no usable field"},
	} {
		_, err := loadAccounts(writeAccounts(t, c.content), nil)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("loadAccounts(%q) error = %v, want %q", c.content, err, c.want)
		}
	}
	if _, err := loadAccounts(filepath.Join(t.TempDir(), "missing"), nil); err == nil {
		t.Error("missing file: no error")
	}
	k, err := loadAccounts("-", strings.NewReader(knownAccountsJSONL))
	if err != nil || k.ix.Len() != 2 {
		t.Errorf("loadAccounts(stdin) = %v, %v", k, err)
	}
}

func TestLoadAccountsFlag(t *testing.T) {
	if k, err := loadAccountsFlag(""); k != nil || err != nil {
		t.Errorf(`loadAccountsFlag("") = %v, %v`, k, err)
	}
	if _, err := loadAccountsFlag("-"); err == nil {
		t.Error(`loadAccountsFlag("-"): no error`)
	}
	k, err := loadAccountsFlag(writeAccounts(t, knownAccountsJSONL))
	if err != nil || k.ix.Len() != 2 {
		t.Errorf("loadAccountsFlag(file) = %v, %v", k, err)
	}
}

// TestMatchAccounts runs "gharbal match --accounts" end to end: a query line
// with an "account" object gets account matches after its other matches.
func TestMatchAccounts(t *testing.T) {
	dir := t.TempDir()
	items := filepath.Join(dir, "items.jsonl")
	if err := os.WriteFile(items, []byte(`{"id": "post1", "label": "TTP", "text": "a statement of the group that is long enough to be shingled into several words"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	idx := filepath.Join(dir, "ix.ghx")
	var out, errb bytes.Buffer
	if code := run([]string{"index", "build", "--out", idx, items}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("index build: %d %s", code, errb.String())
	}
	acc := writeAccounts(t, knownAccountsJSONL)
	queries := `{"id": "q1", "account": {"handle": "T.T.P_0fficiaI2", "display_name": "تحریک طالبان پاکستان"}}
{"id": "q2", "text": "nothing to see"}
{"id": "q3", "account": {"handle": "cricket_fan_92", "display_name": "Cricket Fan"}}
`
	out.Reset()
	errb.Reset()
	code := run([]string{"match", "--index", idx, "--accounts", acc, "--parallel", "2"}, strings.NewReader(queries), &out, &errb)
	if code != 0 {
		t.Fatalf("match: code %d, stderr %s", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("got %d lines, want 3: %s", len(lines), out.String())
	}
	var r struct {
		ID      string `json:"id"`
		Matches []struct {
			ID     string         `json:"id"`
			Label  string         `json:"label"`
			Signal string         `json:"signal"`
			Score  float64        `json:"score"`
			Fields []accountField `json:"fields"`
		} `json:"matches"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &r); err != nil {
		t.Fatal(err)
	}
	if r.ID != "q1" || len(r.Matches) != 1 || r.Matches[0].ID != "ttp-main" || r.Matches[0].Signal != "account" || r.Matches[0].Label != "TTP" || len(r.Matches[0].Fields) != 2 {
		t.Errorf("q1 = %s", lines[0])
	}
	for _, l := range lines[1:] {
		if !strings.Contains(l, `"matches":[]`) {
			t.Errorf("unexpected matches: %s", l)
		}
	}
	// Without --accounts the account object is ignored; a bad --accounts
	// file is an error.
	out.Reset()
	if code := run([]string{"match", "--index", idx}, strings.NewReader(queries), &out, &errb); code != 0 || strings.Contains(out.String(), `"account"`) {
		t.Errorf("without --accounts: code %d, out %s", code, out.String())
	}
	errb.Reset()
	if code := run([]string{"match", "--index", idx, "--accounts", filepath.Join(dir, "missing")}, strings.NewReader(queries), &out, &errb); code != 1 || !strings.Contains(errb.String(), "--accounts") {
		t.Errorf("missing --accounts file: code %d, stderr %s", code, errb.String())
	}
}
