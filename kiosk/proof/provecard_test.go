package proof_test

import (
	"testing"
	"time"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/shell"
)

// TestEveryCardScreenHasAPrompt: the ATM's card screens of the prover — the
// card to insert, each bad card and each answer of central about it, the ID
// number asked after it and why — each have a spoken prompt in both languages.
func TestEveryCardScreenHasAPrompt(t *testing.T) {
	keys := []string{"speech.prove.card", "speech.prove.card.again", "speech.prove.id.atm"}
	for _, k := range []string{shell.CardProblem(nil, nil, time.Now()), "atm.card.unsupported", "atm.card.expired",
		"prove.card.not_linked_alone", "prove.card.not_linked", "prove.card.id_offline", "prove.card.id_needed"} {
		keys = append(keys, proof.CardPromptKey(k))
	}
	for _, k := range keys {
		for _, l := range i18n.Langs {
			if !i18n.Default().Has(l, k) {
				t.Errorf("%s: no spoken prompt %s", l, k)
			}
		}
	}
}
