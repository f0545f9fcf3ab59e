package mobile

import "github.com/bawaba/bawaba/sync/central/backoffice"

func backofficeID(i int) string { return backoffice.SyntheticPerson(i).IDNumber }
