package main

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gharbal/gharbal/match"
	"github.com/gharbal/gharbal/match/translit"
)

// TestTranslit checks the opt-in transliteration channel: items from its
// snapshot and from the API are found by posts in the other script, removals
// and reloads keep it in step with the main index, and /healthz reports it.
func TestTranslit(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(dir)
	items := sampleItems(t)
	writeSnapshot(t, cfg.Snapshot, items)
	cfg.Translit = true
	cfg.TranslitSnapshot = filepath.Join(dir, "index.translit")
	tr, err := translit.NewIndex()
	require.NoError(t, err)
	var texts []match.Item
	for _, it := range items {
		texts = append(texts, match.Item{ID: it.ID, Label: it.Label, Text: it.Text})
	}
	short, err := tr.AddUsable(texts)
	require.NoError(t, err)
	require.NoError(t, tr.WriteFile(cfg.TranslitSnapshot))

	svc := startService(t, cfg)
	matchText := func(text string) matchResult {
		t.Helper()
		code, body := svc.do(t, "POST", "/v1/match", "", "application/json", jsonBody(map[string]string{"text": text}))
		require.Equal(t, http.StatusOK, code, string(body))
		var r matchResult
		require.NoError(t, json.Unmarshal(body, &r))
		return r
	}
	roman := "yeh dekho: sarv kabhi nahin jhukta. hamara qafila paharon ki taraf rawan hai aur har naujawan ko is qafile mein shamil hone ki dawat di jati hai"
	assert.Contains(t, matchText(roman).ids(), "cf-ur-slogan/transliteration", "from the snapshot")

	// an Urdu item added through the API, found by its Roman Urdu form
	urdu := "کل صبح بارش ہوئی تو بچوں نے اسکول جانے سے پہلے چائے پی اور دادی نے انہیں پرانے قصے سنائے"
	romanNew := "kal subah barish hui to bachon ne school jane se pehle chai pi aur dadi ne unhein purane qisse sunaye"
	code, body := svc.do(t, "POST", "/v1/items", token, "application/json", jsonBody(map[string]string{"id": "rain", "text": urdu}))
	require.Equal(t, http.StatusCreated, code, string(body))
	assert.Contains(t, matchText(romanNew).ids(), "rain/transliteration")

	// a reload rebuilds both indexes and re-applies the API's writes
	svc.srv.reload("test")
	assert.Contains(t, matchText(romanNew).ids(), "rain/transliteration", "after a reload")
	code, body = svc.do(t, "GET", "/healthz", "", "", nil)
	require.Equal(t, http.StatusOK, code)
	var health struct {
		Items         int `json:"items"`
		TranslitItems int `json:"translit_items"`
	}
	require.NoError(t, json.Unmarshal(body, &health))
	assert.Equal(t, len(items)+1, health.Items)
	assert.Equal(t, len(texts)-short+1, health.TranslitItems)

	// a corrupt transliteration snapshot fails the reload: the old indexes stay
	require.NoError(t, os.WriteFile(cfg.TranslitSnapshot, []byte("not a snapshot"), 0o644))
	svc.srv.reload("test")
	assert.Contains(t, matchText(romanNew).ids(), "rain/transliteration", "after a failed reload")

	code, _ = svc.do(t, "DELETE", "/v1/items/rain", token, "", nil)
	require.Equal(t, http.StatusNoContent, code)
	assert.NotContains(t, matchText(romanNew).ids(), "rain/transliteration", "removed")

	// the channel is off by default
	off := testConfig(t.TempDir())
	writeSnapshot(t, off.Snapshot, items)
	svcOff := startService(t, off)
	code, body = svcOff.do(t, "POST", "/v1/match", "", "application/json", jsonBody(map[string]string{"text": roman}))
	require.Equal(t, http.StatusOK, code)
	assert.NotContains(t, string(body), "transliteration")
}
