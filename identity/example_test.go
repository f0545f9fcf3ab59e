package identity_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/bawaba/bawaba/identity"
)

func ExampleParseID() {
	// A citizen types their national ID in Arabic-Indic digits.
	id, err := identity.ParseID(identity.NationalID, " ١٠٥٨٥٢٩٩٤٠ ", "")
	fmt.Println(id.Number, id.Nationality, err)

	_, err = identity.ParseID(identity.NationalID, "1000000000", "")
	fmt.Println(errors.Is(err, identity.CodeIDChecksum))
	var e identity.Error
	if errors.As(err, &e) {
		fmt.Println(e.Field, e.Code, e.Message("ar"))
	}
	// Output:
	// 1058529940 SAU <nil>
	// true
	// id_number id.checksum رقم الهوية غير صحيح، تأكد من كتابته
}

func ExampleParseID_visitor() {
	id, err := identity.ParseID(identity.Passport, "a1234567", "gbr")
	fmt.Println(id.Number, id.Nationality, err)
	fmt.Println(id) // masked, safe to log
	// Output:
	// A1234567 GBR <nil>
	// passport ****4567
}

func ExampleParseMobile() {
	for _, typed := range []string{"05 0123 4567", "+966 050 123 4567", "٠٥٠١٢٣٤٥٦٧", "00447911123456"} {
		m, err := identity.ParseMobile(typed)
		fmt.Println(m.E164(), m.Local(), err)
	}
	// Output:
	// +966501234567 050 123 4567 <nil>
	// +966501234567 050 123 4567 <nil>
	// +966501234567 050 123 4567 <nil>
	// +447911123456 +44 7911123456 <nil>
}

func ExampleParseEmail() {
	e, err := identity.ParseEmail(" Test.Resident@Example.SA ")
	fmt.Println(e, err)
	// Output: Test.Resident@example.sa <nil>
}

func ExampleDate_In() {
	d, _ := identity.ParseDate(identity.Hijri, "1446/01/01")
	g, _ := d.In(identity.Gregorian)
	fmt.Println(d, "هـ =", g, "م")
	_, err := identity.NewDate(identity.Hijri, 1445, 11, 30) // Dhu al-Qadah 1445 has 29 days
	fmt.Println(errors.Is(err, identity.CodeDateDay))
	// Output:
	// 1446-01-01 هـ = 2024-07-07 م
	// true
}

func ExampleCheckDateOfBirth() {
	today := time.Date(2024, 7, 7, 12, 0, 0, 0, time.UTC)
	dob, _ := identity.NewDate(identity.Hijri, 1431, 1, 2)
	err := identity.CheckDateOfBirth(identity.Citizen, dob, today, 15)
	fmt.Println(err.(identity.Error).Message("ar"))
	fmt.Println(err.(identity.Error).Message("en"))

	err = identity.CheckDateOfBirth(identity.Resident, dob, today, 15)
	fmt.Println(errors.Is(err, identity.CodeDOBCalendar))
	// Output:
	// يجب ألا يقل عمر مقدم الطلب عن 15 سنة
	// The applicant must be at least 15 years old
	// true
}

func ExamplePasswordChecklist() {
	for _, rule := range identity.PasswordChecklist("Test#pass", "Test#pas", "TestUser1") {
		mark := "✗"
		if rule.OK {
			mark = "✓"
		}
		fmt.Println(mark, rule.Code)
	}
	// Output:
	// ✓ password.length
	// ✓ password.upper
	// ✓ password.lower
	// ✓ password.symbol
	// ✓ password.chars
	// ✓ password.username
	// ✓ password.repeat
	// ✗ password.confirm
}

func ExampleCheckPassword() {
	for _, v := range identity.CheckPassword("testuser1", "testuser1", "TestUser1") {
		fmt.Println(v.Code, "-", v.Message("en"))
	}
	// Output:
	// password.upper - The password must contain at least one upper-case English letter
	// password.symbol - The password must contain at least one symbol such as ! @ # $
	// password.username - The password must not contain more than 4 consecutive characters of the username
}

func ExampleCheckAddress() {
	a, errs := identity.CheckAddress(identity.Address{
		BuildingNumber: "٢٩٢٩", Street: "طريق الملك فهد", District: "العليا", City: "الرياض",
		PostalCode: "12214", AdditionalNumber: "7788", ShortAddress: "rrrd 2929",
	})
	fmt.Println(a.BuildingNumber, a.ShortAddress, errs)
	// Output: 2929 RRRD2929 []
}
