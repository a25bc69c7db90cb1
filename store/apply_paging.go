package store

import (
	"context"

	"gorm.io/gorm"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/paging"
)

// IntegrationByKeyHash returns the integration, active or revoked, whose
// key has the hash. rota apply uses it to tell whether a key fixed in a
// file is already the stored one, and whether another integration has ever
// used it (key hashes stay unique after revocation, so a revoked key cannot
// come back).
func (db *DB) IntegrationByKeyHash(ctx context.Context, hash string) (paging.Integration, error) {
	var row integrationRow
	if err := db.gorm.WithContext(ctx).Where("key_hash = ?", hash).Take(&row).Error; err != nil {
		return paging.Integration{}, translate(err, "integration")
	}
	return row.domain(), nil
}

// SetIntegrationType changes which payload an active integration's key
// accepts, keeping the key: a file that changes an integration's type does
// not have to hand out a new key.
func (db *DB) SetIntegrationType(ctx context.Context, serviceID, id int64, typ paging.IntegrationType) error {
	switch typ {
	case paging.Alertmanager, paging.Generic, paging.PagerDuty:
	default:
		return rota.Invalid("type", "type must be alertmanager, generic or pagerduty, not %q", typ)
	}
	return db.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&integrationRow{}).Where("id = ? AND service_id = ? AND revoked_at IS NULL", id, serviceID).Update("type", string(typ))
		if res.Error != nil {
			return translate(res.Error, "integration")
		}
		if res.RowsAffected == 0 {
			return rota.Errorf(rota.ENotFound, "integration not found")
		}
		return bumpPaging(tx)
	})
}
