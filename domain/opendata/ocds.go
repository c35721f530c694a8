package opendata

import (
	"encoding/json"
	"strconv"
	"time"

	"marketplace/domain/kernel"
)

// OCDS 1.1 output types. Only the fields this platform fills are declared;
// every one is optional in the schema except those of Release. Amounts are
// json.Number built from integer fen, so that no float ever rounds a price.

// OCDSValue is an amount in a currency.
type OCDSValue struct {
	Amount   json.Number `json:"amount"`
	Currency string      `json:"currency"`
}

// OCDSIdentifier identifies an organization in a register.
type OCDSIdentifier struct {
	Scheme    string `json:"scheme"`
	ID        string `json:"id"`
	LegalName string `json:"legalName,omitempty"`
}

// OCDSAddress holds the only address field published: the region.
type OCDSAddress struct {
	Region string `json:"region,omitempty"`
}

// OCDSParty is an organization in parties[]. No contact point, ever.
type OCDSParty struct {
	ID         string          `json:"id"`
	Name       string          `json:"name"`
	Identifier *OCDSIdentifier `json:"identifier,omitempty"`
	Address    *OCDSAddress    `json:"address,omitempty"`
	Roles      []string        `json:"roles"`
}

// OCDSOrgRef references a party by id.
type OCDSOrgRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// OCDSPeriod is a period of time.
type OCDSPeriod struct {
	StartDate      *time.Time `json:"startDate,omitempty"`
	EndDate        *time.Time `json:"endDate,omitempty"`
	DurationInDays *int       `json:"durationInDays,omitempty"`
}

// OCDSClassification classifies an item by the platform catalogue.
type OCDSClassification struct {
	Scheme      string `json:"scheme"`
	ID          string `json:"id"`
	Description string `json:"description,omitempty"`
}

// OCDSItem is the service procured.
type OCDSItem struct {
	ID             string              `json:"id"`
	Description    string              `json:"description,omitempty"`
	Classification *OCDSClassification `json:"classification,omitempty"`
	Quantity       int                 `json:"quantity"`
}

// OCDSTender is the tender section.
type OCDSTender struct {
	ID                       string       `json:"id"`
	Title                    string       `json:"title,omitempty"`
	Description              string       `json:"description,omitempty"`
	Status                   string       `json:"status"`
	ProcuringEntity          *OCDSOrgRef  `json:"procuringEntity,omitempty"`
	Items                    []OCDSItem   `json:"items,omitempty"`
	Value                    *OCDSValue   `json:"value,omitempty"`
	ProcurementMethod        string       `json:"procurementMethod"`
	ProcurementMethodDetails string       `json:"procurementMethodDetails"`
	MainProcurementCategory  string       `json:"mainProcurementCategory"`
	AwardCriteria            string       `json:"awardCriteria,omitempty"`
	AwardCriteriaDetails     string       `json:"awardCriteriaDetails,omitempty"`
	SubmissionMethod         []string     `json:"submissionMethod"`
	TenderPeriod             *OCDSPeriod  `json:"tenderPeriod,omitempty"`
	ContractPeriod           *OCDSPeriod  `json:"contractPeriod,omitempty"`
	NumberOfTenderers        *int         `json:"numberOfTenderers,omitempty"`
	Tenderers                []OCDSOrgRef `json:"tenderers,omitempty"`
	// Documents and Amendments: the notice's documents and its 更正公告 (ocds_notice.go).
	Documents  []OCDSDocument  `json:"documents,omitempty"`
	Amendments []OCDSAmendment `json:"amendments,omitempty"`
}

// OCDSAward is a (candidate) award.
type OCDSAward struct {
	ID        string       `json:"id"`
	Title     string       `json:"title,omitempty"`
	Status    string       `json:"status"`
	Date      *time.Time   `json:"date,omitempty"`
	Value     *OCDSValue   `json:"value,omitempty"`
	Suppliers []OCDSOrgRef `json:"suppliers,omitempty"`
}

// OCDSMilestone is an implementation milestone (a delivery, the service deadline).
type OCDSMilestone struct {
	ID      string     `json:"id"`
	Title   string     `json:"title"`
	Type    string     `json:"type"`
	Status  string     `json:"status"`
	DueDate *time.Time `json:"dueDate,omitempty"`
	DateMet *time.Time `json:"dateMet,omitempty"`
}

// OCDSTransaction is a payment by the buyer.
type OCDSTransaction struct {
	ID    string      `json:"id"`
	Date  *time.Time  `json:"date,omitempty"`
	Value *OCDSValue  `json:"value,omitempty"`
	Payer *OCDSOrgRef `json:"payer,omitempty"`
	Payee *OCDSOrgRef `json:"payee,omitempty"`
}

// OCDSImplementation is the contract's implementation section.
type OCDSImplementation struct {
	Milestones   []OCDSMilestone   `json:"milestones,omitempty"`
	Transactions []OCDSTransaction `json:"transactions,omitempty"`
}

// OCDSContract is the signed contract.
type OCDSContract struct {
	ID             string              `json:"id"`
	AwardID        string              `json:"awardID"`
	Status         string              `json:"status"`
	Value          *OCDSValue          `json:"value,omitempty"`
	Period         *OCDSPeriod         `json:"period,omitempty"`
	DateSigned     *time.Time          `json:"dateSigned,omitempty"`
	Documents      []OCDSDocument      `json:"documents,omitempty"`
	Implementation *OCDSImplementation `json:"implementation,omitempty"`
}

// OCDSRelease is one release: a notice about the process at a point in time.
type OCDSRelease struct {
	OCID           string         `json:"ocid"`
	ID             string         `json:"id"`
	Date           time.Time      `json:"date"`
	Tag            []string       `json:"tag"`
	InitiationType string         `json:"initiationType"`
	Language       string         `json:"language"`
	Parties        []OCDSParty    `json:"parties"`
	Buyer          *OCDSOrgRef    `json:"buyer,omitempty"`
	Tender         *OCDSTender    `json:"tender,omitempty"`
	Awards         []OCDSAward    `json:"awards,omitempty"`
	Contracts      []OCDSContract `json:"contracts,omitempty"`
}

// OCDSPublisher names the publisher of a package.
type OCDSPublisher struct {
	Name string `json:"name"`
	URI  string `json:"uri,omitempty"`
}

// OCDSReleasePackage is the envelope of releases.
type OCDSReleasePackage struct {
	URI           string         `json:"uri"`
	Version       string         `json:"version"`
	PublishedDate time.Time      `json:"publishedDate"`
	Publisher     OCDSPublisher  `json:"publisher"`
	License       string         `json:"license,omitempty"`
	Releases      []*OCDSRelease `json:"releases"`
	// Total, Page and PerPage page the feed (not part of the OCDS schema,
	// which allows additional properties).
	Total   int `json:"total"`
	Page    int `json:"page"`
	PerPage int `json:"per_page"`
}

// OCDSRecord gathers every release of one process and its compiled state.
type OCDSRecord struct {
	OCID            string         `json:"ocid"`
	Releases        []*OCDSRelease `json:"releases"`
	CompiledRelease *OCDSRelease   `json:"compiledRelease"`
}

// OCDSRecordPackage is the envelope of records.
type OCDSRecordPackage struct {
	URI           string        `json:"uri"`
	Version       string        `json:"version"`
	PublishedDate time.Time     `json:"publishedDate"`
	Publisher     OCDSPublisher `json:"publisher"`
	License       string        `json:"license,omitempty"`
	Records       []OCDSRecord  `json:"records"`
}

// ocdsAmount renders fen as an exact decimal number.
func ocdsAmount(m kernel.Money) *OCDSValue {
	return &OCDSValue{Amount: json.Number(m.String()), Currency: "CNY"}
}

func ocdsInt(n int) *int { return &n }

// ParseOCID returns the project id of an ocid with this platform's prefix.
func ParseOCID(prefix, ocid string) (int64, error) {
	if len(ocid) <= len(prefix) || ocid[:len(prefix)] != prefix {
		return 0, kernel.Errorf(kernel.ENOTFOUND, "unknown_ocid", "No contracting process %q is published here (ocids start with %q).", ocid, prefix)
	}
	id, err := strconv.ParseInt(ocid[len(prefix):], 10, 64)
	if err != nil || id <= 0 {
		return 0, kernel.Errorf(kernel.ENOTFOUND, "unknown_ocid", "No contracting process %q is published here.", ocid)
	}
	return id, nil
}
