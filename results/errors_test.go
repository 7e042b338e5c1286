package results

import (
	"errors"
	"os"
	"strings"
	"testing"
)

func TestDeliveryError(t *testing.T) {
	cause := errors.New("s3 put: NoSuchBucket")
	err := error(&DeliveryError{Status: DeliveryResourceNotFound, Err: cause})
	if !errors.Is(err, ErrDelivery) || !errors.Is(err, cause) {
		t.Errorf("%v should match ErrDelivery and its cause", err)
	}
	if errors.Is(err, ErrQueryNotFound) {
		t.Error("matches another sentinel")
	}
	var de *DeliveryError
	if !errors.As(err, &de) || de.Status != DeliveryResourceNotFound {
		t.Error("errors.As")
	}
	if msg := err.Error(); !strings.Contains(msg, "RESOURCE_NOT_FOUND") || !strings.Contains(msg, "NoSuchBucket") {
		t.Errorf("message %q", msg)
	}
}

func TestDeliveryStatusOf(t *testing.T) {
	ctx := t.Context()
	for _, tc := range []struct {
		err     error
		signing bool
		want    DeliveryStatus
	}{
		{os.ErrNotExist, false, DeliveryResourceNotFound},
		{os.ErrNotExist, true, DeliveryResourceNotFound},
		{os.ErrPermission, false, DeliveryAccessDenied},
		{os.ErrPermission, true, DeliveryAccessDeniedSigningFile},
		{errors.New("network"), false, DeliveryFailed},
		{errors.New("network"), true, DeliveryFailedSigningFile},
	} {
		if got := deliveryStatusOf(ctx, tc.err, tc.signing); got != tc.want {
			t.Errorf("deliveryStatusOf(%v, %v) = %s, want %s", tc.err, tc.signing, got, tc.want)
		}
	}
}

func TestS3ErrorMapping(t *testing.T) {
	if s3Error("put", "b", "k", nil) != nil {
		t.Error("nil error mapped to an error")
	}
	err := s3Error("put", "b", "k", errors.New("dial tcp: refused"))
	if errors.Is(err, os.ErrNotExist) || errors.Is(err, os.ErrPermission) || !strings.Contains(err.Error(), "s3://b/k") {
		t.Errorf("plain error: %v", err)
	}
}
