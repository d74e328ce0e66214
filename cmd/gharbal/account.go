package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/gharbal/gharbal/match/account"
)

// knownAccounts are the known (banned) account profiles that
// "gharbal match --accounts FILE" compares query accounts with.
type knownAccounts struct {
	ix     *account.Index
	labels map[string]string
}

// accountLine is one line of an --accounts file, and the part of a query
// line that carries an account:
//
//	{"id": "ttp-main", "label": "TTP", "account": {"handle": "TTP_Official",
//	 "display_name": "...", "bio": "...", "avatar_pdq": "<64 hex>", "links": ["t.me/..."]}}
type accountLine struct {
	ID      string           `json:"id"`
	Label   string           `json:"label"`
	Account *account.Profile `json:"account"`
}

// accountField is the explanation of one compared field in an account
// match of "gharbal match".
type accountField struct {
	Field  string  `json:"field"`
	Score  float64 `json:"score"`
	Weight float64 `json:"weight"`
	Detail string  `json:"detail,omitempty"`
}

// loadAccounts reads an --accounts file ("-" is stdin): JSON Lines, each
// with an "id" and an "account" object. An invalid line is an error naming
// FILE:LINE.
func loadAccounts(name string, stdin io.Reader) (*knownAccounts, error) {
	var r io.Reader = stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	ix, err := account.NewIndex()
	if err != nil {
		return nil, err
	}
	k := &knownAccounts{ix: ix, labels: map[string]string{}}
	lr := newLineReader(name, r)
	for {
		line, err := lr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", lr.Pos(), err)
		}
		if len(line) == 0 {
			continue
		}
		var a accountLine
		if err := json.Unmarshal(line, &a); err != nil {
			return nil, fmt.Errorf("%s: %w", lr.Pos(), err)
		}
		if a.Account == nil {
			return nil, fmt.Errorf("%s: no \"account\" object", lr.Pos())
		}
		if _, dup := k.labels[a.ID]; dup {
			return nil, fmt.Errorf("%s: duplicate account id %q", lr.Pos(), a.ID)
		}
		if err := ix.Add(a.ID, *a.Account); err != nil {
			return nil, fmt.Errorf("%s: %w", lr.Pos(), err)
		}
		k.labels[a.ID] = a.Label
	}
	return k, nil
}

// accountMatches returns the account matches of one query line: nil when k
// is nil or the line has no "account" object; matches best first, with
// signal "account" and a per-field explanation.
func (k *knownAccounts) accountMatches(line []byte) ([]matchOut, error) {
	if k == nil {
		return nil, nil
	}
	var q accountLine
	if err := json.Unmarshal(line, &q); err != nil {
		return nil, err
	}
	if q.Account == nil {
		return nil, nil
	}
	var out []matchOut
	for _, m := range k.ix.Query(*q.Account, 0) {
		mo := matchOut{ID: m.ID, Label: k.labels[m.ID], Signal: "account", Score: math.Round(m.Score*1e4) / 1e4, Fields: accountFields(m)}
		for _, f := range mo.Fields {
			if f.Field == account.AvatarField.String() {
				// the PDQ distance, as for image matches
				fmt.Sscanf(f.Detail, "pdq distance %d", &mo.Distance)
			}
		}
		out = append(out, mo)
	}
	return out, nil
}

// accountFields explains the fields of m that both profiles had.
func accountFields(m account.Match) []accountField {
	var out []accountField
	for _, f := range m.Fields {
		if f.Weight == 0 {
			continue
		}
		out = append(out, accountField{Field: f.Field.String(), Score: math.Round(f.Score*1e4) / 1e4, Weight: f.Weight, Detail: f.Detail})
	}
	return out
}

// accountsFlagUsage documents the --accounts flag of "gharbal match".
const accountsFlagUsage = `JSON Lines file of known account profiles, one a line: {"id", "label", "account": {"handle", "display_name", "bio", "avatar_pdq", "links"}}; query lines with an "account" object are matched against them`

// loadAccountsFlag loads the --accounts file of "gharbal match"; an empty
// name means none (nil). Standard input is reserved for queries.
func loadAccountsFlag(name string) (*knownAccounts, error) {
	switch name {
	case "":
		return nil, nil
	case "-":
		return nil, fmt.Errorf("--accounts must name a file (standard input carries the queries)")
	}
	return loadAccounts(name, nil)
}
