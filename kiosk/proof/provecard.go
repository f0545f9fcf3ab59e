package proof

import (
	"context"
	"errors"

	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/sync/wire"
)

// The errors of a proof by the bank card alone the Prover acts on.
var (
	// ErrCardNotLinked is matched when central answers 403 card_not_linked:
	// the back office links the card to no one.
	ErrCardNotLinked = errors.New("proof: the card is not linked to a person")
	// ErrCardExpired is matched when central answers 403 card_expired (the
	// kiosk's clock may be behind central's).
	ErrCardExpired = errors.New("proof: the card has expired")
)

// proveCardAlone asks central who the card's holder is (POST /v1/proof with no
// ID number) and proves them with it: the person types nothing. A card linked
// to no one, or expired, is explained on the card screen; central going away
// asks the ID number for the sealed record when the service may queue; a
// central too old to take a card alone (400 bad_request) asks the ID number
// and proves card and ID together, as before.
func (p *Prover) proveCardAlone() {
	card, rules := p.card, p.c.Deps.IDRules
	p.Run(0, func(ctx context.Context) func() {
		req := card.ProofRequest("")
		res, err := p.c.Deps.Live.Prove(ctx, req)
		old := badRequest(err)
		err = ClassifyLive("bank card", err)
		return func() {
			var le *LockedError
			switch {
			case err == nil:
				id, perr := ParseTyped(res.IDNumber, rules)
				if perr != nil {
					id = identity.ID{Number: res.IDNumber}
				}
				p.proven(Proven{ID: id, Method: wire.MethodBankCard, Token: res.Token, Expires: res.ExpiresAt, CardPAN: req.CardPAN})
			case errors.As(err, &le):
				p.card = nil
				p.locked(le.RetryAfter)
			case errors.Is(err, ErrCardNotLinked):
				p.card, p.cardErr = nil, "prove.card.not_linked_alone"
			case errors.Is(err, ErrCardExpired):
				p.card, p.cardErr = nil, "atm.card.expired"
			case errors.Is(err, ErrNoAccount):
				p.card, p.step = nil, ProveNoAccount
			case old:
				p.step, p.idWhy = ProveID, "prove.card.id_needed"
			case p.c.Offline:
				p.step, p.idWhy, p.lost = ProveID, "prove.card.id_offline", true
			default:
				p.card, p.step, p.lost = nil, ProveNetwork, true
			}
		}
	})
}

// badRequest reports whether err is central's 400 bad_request: a central from
// before the proof by the card alone, which wants the ID number with it.
func badRequest(err error) bool {
	var a httpAnswer
	return errors.As(err, &a) && a.ErrorCode() == wire.ErrBadRequest
}

// CardPromptKey is the spoken prompt of a text the card screens show (a bad
// card, central's answer about it, why the ID number is asked): "speech." and
// the text's key, the rule IDForm.ErrorPrompt follows.
func CardPromptKey(key string) string { return speech.KeyPrefix + key }

// cardSpeech is what the ATM's card screen says: insert the card, or what was
// wrong with the last one and to insert it again.
func (p *Prover) cardSpeech() (string, speech.Utterance) {
	if p.cardErr != "" {
		return "|" + p.cardErr, speech.Say(CardPromptKey(p.cardErr), "speech.prove.card.again")
	}
	return "", speech.Say("speech.prove.card")
}

// WantsCard reports whether the prover is on the ATM's card screen, waiting
// for a card (shell.CardWanter, for the services that run it after a screen
// of their own).
func (p *Prover) WantsCard() bool {
	return p.H != nil && p.c.ATM && p.step == ProveCard && !p.Busy()
}
