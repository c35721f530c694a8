package opendata

import (
	"strconv"
	"time"
)

// OCDSSignedContract is what is public about the signed contract PDF
// (domain fills it from the contract document and its signing key).
type OCDSSignedContract struct {
	SHA256    string
	Signature string
	// KeyID names the Ed25519 key that signed it (domain.SigningKeyID).
	KeyID string
	// Path is the PDF's download path, relative to BaseURI; MediaType its
	// media type.
	Path      string
	MediaType string
}

// contractDocuments publishes the signed contract (contractSigned) once
// both parties signed: the PDF's link, for the parties to download, and in
// its description the contract notice's hash, signature and key (OCDS 1.1
// documents have no hash field), with the link of the public notice.
func (pr *OCDSProcess) contractDocuments(signed time.Time) []OCDSDocument {
	d := pr.ContractDocument
	if d == nil {
		return nil
	}
	id := pr.Project.ID
	return []OCDSDocument{{
		ID: "contract-" + d.SHA256[:16], DocumentType: "contractSigned", Title: "中介服务合同（电子合同）",
		Description: "SHA-256: " + d.SHA256 + "; Ed25519 signature: " + d.Signature + "; key " + d.KeyID +
			". 合同公示（双方、价款、期限、摘要、签名）: " + pr.BaseURI + "/api/v1/projects/" + strconv.FormatInt(id, 10) + "/contract/signature",
		URL: pr.BaseURI + d.Path, DatePublished: &signed, Format: d.MediaType, Language: "zh",
	}}
}
