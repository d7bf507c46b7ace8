package wizard

import "runtime"

// AppVersion is sent with the device registration; cmd/x360sync sets it from its -ldflags.
var AppVersion = "dev"

func platform() string { return runtime.GOOS }
