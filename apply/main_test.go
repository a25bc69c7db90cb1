package apply

import (
	"testing"

	"github.com/rotaoncall/rota/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }
