package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/contractdoc"
)

// contractTemplateForm edits the template of one item or the default
// ("default"), kept as typed when refused.
type contractTemplateForm struct {
	Key, ItemName       string
	Default             bool
	Deliverables, Terms string
	Errors              map[string]string
	Saved               bool
}

func (p *Portal) handleContractTemplateForm(c echo.Context) error {
	v, err := p.wsPage(c, "contract.templates", domain.ActAdminister)
	if err != nil {
		return err
	}
	ctx, key := c.Request().Context(), c.Param("key")
	t, err := p.market.Templates().Get(ctx, api.ActorOf(c), key)
	if err != nil {
		return err
	}
	f := contractTemplateForm{Key: key, Default: key == contractdoc.DefaultTemplateKey, Deliverables: t.Deliverables, Terms: t.Terms,
		Errors: map[string]string{}, Saved: c.QueryParam("saved") != ""}
	if !f.Default {
		if it, err := p.market.Catalogue().Get(ctx, key); err == nil {
			f.ItemName = it.Name
		}
	}
	return p.renderWS(c, http.StatusOK, "ws_contract_template", v, f)
}

func (p *Portal) handleContractTemplateSave(c echo.Context) error {
	v, err := p.wsPage(c, "contract.templates", domain.ActAdminister)
	if err != nil {
		return err
	}
	key := c.Param("key")
	f := contractTemplateForm{Key: key, Default: key == contractdoc.DefaultTemplateKey, Deliverables: c.FormValue("deliverables"),
		Terms: c.FormValue("terms"), Errors: map[string]string{}}
	if _, err := p.market.Templates().Save(c.Request().Context(), api.ActorOf(c), key, f.Deliverables, f.Terms); err != nil {
		de, ok := domain.AsError(err)
		if !ok || de.Code != domain.EINVALID {
			return err
		}
		field := de.Field
		if field == "" {
			field = "form"
		}
		f.Errors[field] = v.errorText(err)
		return p.renderWS(c, http.StatusBadRequest, "ws_contract_template", v, f)
	}
	return c.Redirect(http.StatusSeeOther, "/workspace/contract-templates/"+key+"?saved=1")
}
