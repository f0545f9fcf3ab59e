package proof

import (
	"context"
	"errors"
	"strings"

	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/kiosk/shell"
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

// speakCard says the ATM's card screens (ProveCard, and ProveID after the
// card): what to do, or what went wrong with the card. The masked card number
// is not said: the person holds the card.
func (p *Prover) speakCard() {
	if p.Busy() {
		return
	}
	var u speech.Utterance
	switch {
	case p.step == ProveCard && p.cardErr != "":
		u = speech.Say(CardPromptKey(p.cardErr), "speech.proof.card.again")
	case p.step == ProveCard:
		u = speech.Say("speech.proof.card.insert")
	case p.step == ProveID && p.form.Error(p.Lang()) == p.T("prove.card.not_linked"):
		u = speech.Say(CardPromptKey("prove.card.not_linked"))
	case p.step == ProveID && p.form.Error(p.Lang()) != "":
		u = speech.Say("speech.proof.card.id_error")
	case p.step == ProveID:
		u = speech.Say("speech.proof.card.id")
		if p.idWhy != "" {
			u = u.Then(CardPromptKey(p.idWhy))
		}
	default:
		return
	}
	shell.Speak(p.H, u)
}

// CardPromptKey is the spoken prompt of a card screen's text key: "atm.card.x"
// and "prove.card.x" are said by "speech.proof.card.x"; any other (the ID
// number's own errors) by "speech.proof.card.id_error".
func CardPromptKey(key string) string {
	for _, prefix := range []string{"atm.card.", "prove.card."} {
		if rest, ok := strings.CutPrefix(key, prefix); ok {
			return "speech.proof.card." + rest
		}
	}
	return "speech.proof.card.id_error"
}
