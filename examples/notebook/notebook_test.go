// Package notebook holds the GoNB notebook gharbal.ipynb. It is executed by
// .ci/notebook (Jupyter and GoNB are not needed by `go test`); this test
// checks what can be checked without them: the notebook's structure, that it
// imports the repository (not a published version) and that the committed
// outputs hold no error.
package notebook

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
)

type cell struct {
	CellType string          `json:"cell_type"`
	Source   json.RawMessage `json:"source"` // a string or a list of lines
	Outputs  []struct {
		OutputType string          `json:"output_type"`
		Name       string          `json:"name"`
		Text       json.RawMessage `json:"text"`
		Data       map[string]any  `json:"data"`
	} `json:"outputs"`
}

func text(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var lines []string
	_ = json.Unmarshal(raw, &lines)
	return strings.Join(lines, "")
}

var exitStatus = regexp.MustCompile(`(?m)^exit status [0-9]+`)

func TestNotebook(t *testing.T) {
	data, err := os.ReadFile("gharbal.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	var nb struct {
		Cells    []cell `json:"cells"`
		Metadata struct {
			Kernelspec struct{ Name string } `json:"kernelspec"`
		} `json:"metadata"`
		NBFormat int `json:"nbformat"`
	}
	if err := json.Unmarshal(data, &nb); err != nil {
		t.Fatalf("gharbal.ipynb is not valid JSON: %v", err)
	}
	if nb.NBFormat != 4 || nb.Metadata.Kernelspec.Name != "gonb" {
		t.Errorf("nbformat %d, kernel %q; want 4, gonb", nb.NBFormat, nb.Metadata.Kernelspec.Name)
	}
	var code []string
	for i, c := range nb.Cells {
		if c.CellType != "code" {
			continue
		}
		code = append(code, text(c.Source))
		for _, o := range c.Outputs {
			out := text(o.Text)
			// GoNB reports a failed shell command only as "exit status N" on stderr.
			if o.OutputType == "error" || o.Name == "stderr" && (strings.Contains(out, "panic:") || exitStatus.MatchString(out)) {
				t.Errorf("cell %d: committed output holds an error: %.300s", i, out)
			}
		}
	}
	if len(code) < 6 {
		t.Fatalf("%d code cells; want the setup, helpers and five sections", len(code))
	}
	setup := code[0]
	for _, want := range []string{
		`-replace "github.com/gharbal/gharbal=${GONB_DIR}/../.."`, // the repository, not a published version
		"-require github.com/gharbal/gharbal@v0.0.0-00010101000000-000000000000",
		"github.com/janpfeifer/gonb@v0.11.4", // the version .ci/notebook installs
		"gonum.org/v1/plot@v0.17.0",
	} {
		if !strings.Contains(setup, want) {
			t.Errorf("setup cell does not contain %q:\n%s", want, setup)
		}
	}
	all := strings.Join(code, "\n")
	for _, want := range []string{".Explain(", "minhash.", "pdq.Sum(", "match.NewIndex(", "translit.NewIndex(", "gonbui.DisplayPNG("} {
		if !strings.Contains(all, want) {
			t.Errorf("no code cell calls %s", want)
		}
	}
	tools, err := os.ReadFile("tools/go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(tools), "github.com/janpfeifer/gonb v0.11.4") {
		t.Errorf("tools/go.mod does not pin gonb v0.11.4, the version the notebook's setup cell uses")
	}
}
