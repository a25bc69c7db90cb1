package store

import (
	"context"

	"github.com/rotaoncall/rota/paging"
)

// PagedUsers returns, per alert, who was paged for it (pages not
// cancelled before they left), in the order they were first paged. Someone
// paged both for real and as a shadow counts as paged for real.
func (db *DB) PagedUsers(ctx context.Context, alertIDs []int64) (map[int64][]paging.Paged, error) {
	out := make(map[int64][]paging.Paged, len(alertIDs))
	if len(alertIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		AlertID int64
		UserID  int64
		Name    string
		Shadow  bool
		FirstID int64
	}
	err := db.gorm.WithContext(ctx).Table("pages").
		Select("pages.alert_id, pages.user_id, users.name, pages.shadow, MIN(pages.id) AS first_id").
		Joins("JOIN users ON users.id = pages.user_id").
		Where("pages.alert_id IN ? AND pages.status <> ?", alertIDs, string(paging.PageCancelled)).
		Group("pages.alert_id, pages.user_id, users.name, pages.shadow").
		Order("first_id").Scan(&rows).Error
	if err != nil {
		return nil, translate(err, "paged users")
	}
	at := map[[2]int64]int{}
	for _, r := range rows {
		k := [2]int64{r.AlertID, r.UserID}
		if i, ok := at[k]; ok {
			if !r.Shadow {
				out[r.AlertID][i].Shadow = false
			}
			continue
		}
		at[k] = len(out[r.AlertID])
		out[r.AlertID] = append(out[r.AlertID], paging.Paged{UserID: r.UserID, Name: r.Name, Shadow: r.Shadow})
	}
	return out, nil
}
