package results

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
)

// S3 access goes through the AWS SDK for Go v2 with its standard configuration: credentials
// from the default chain (environment, shared files and profiles, SSO, web identity,
// container and instance roles), the region from AWS_REGION / the profile (us-east-1 when
// none is set), and the endpoint from AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL (or the
// profile's endpoint_url). Addressing is path-style (http://host/bucket/key) when
// AWS_S3_USE_PATH_STYLE=true, or when the endpoint's host is an IP address or localhost
// (S3-compatible servers such as moto, MinIO or LocalStack on a laptop have no DNS for
// bucket.host); otherwise virtual-hosted style, as AWS wants.

// newS3Client builds a client from the environment.
func newS3Client(ctx context.Context) (*s3.Client, error) {
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("aws config: %w", err)
	}
	if cfg.Region == "" {
		cfg.Region = DefaultRegion
	}
	endpoint := os.Getenv("AWS_ENDPOINT_URL_S3")
	if endpoint == "" {
		endpoint = aws.ToString(cfg.BaseEndpoint)
	}
	if endpoint == "" {
		endpoint = os.Getenv("AWS_ENDPOINT_URL")
	}
	pathStyle := usePathStyle(os.Getenv("AWS_S3_USE_PATH_STYLE"), endpoint)
	return s3.NewFromConfig(cfg, func(o *s3.Options) {
		o.UsePathStyle = pathStyle
		// Objects without an S3 checksum (S3-compatible servers, older uploads) are common,
		// and Validate hashes every byte itself: no log line per GetObject about them.
		o.DisableLogOutputChecksumValidationSkipped = true
	}), nil
}

// usePathStyle decides the addressing style (see above).
func usePathStyle(env, endpoint string) bool {
	if strings.EqualFold(env, "true") {
		return true
	}
	if endpoint == "" {
		return false
	}
	u, err := url.Parse(endpoint)
	if err != nil {
		return false
	}
	host := u.Hostname()
	return net.ParseIP(host) != nil || host == "localhost" || strings.HasSuffix(host, ".localhost")
}

// s3Folder is a "folder" (key prefix) in a bucket.
type s3Folder struct {
	client *s3.Client
	loc    *location
}

func newS3Folder(ctx context.Context, loc *location) (*s3Folder, error) {
	c, err := newS3Client(ctx)
	if err != nil {
		return nil, err
	}
	return &s3Folder{client: c, loc: loc}, nil
}

func (f *s3Folder) String() string { return f.loc.String() }

func (f *s3Folder) objectKey(name string) string {
	if f.loc.key == "" {
		return name
	}
	return f.loc.key + "/" + name
}

func (f *s3Folder) put(ctx context.Context, name string, r io.ReadSeeker, size int64, contentType string) error {
	_, err := f.client.PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(f.loc.bucket), Key: aws.String(f.objectKey(name)),
		Body: r, ContentLength: aws.Int64(size), ContentType: aws.String(contentType),
	})
	return s3Error("put", f.loc.bucket, f.objectKey(name), err)
}

func (f *s3Folder) get(ctx context.Context, name string) (io.ReadCloser, error) {
	out, err := f.client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(f.loc.bucket), Key: aws.String(f.objectKey(name))})
	if err != nil {
		return nil, s3Error("get", f.loc.bucket, f.objectKey(name), err)
	}
	return out.Body, nil
}

func (f *s3Folder) list(ctx context.Context) ([]string, error) {
	prefix := f.objectKey("")
	p := s3.NewListObjectsV2Paginator(f.client, &s3.ListObjectsV2Input{
		Bucket: aws.String(f.loc.bucket), Prefix: aws.String(prefix), Delimiter: aws.String("/"),
	})
	var names []string
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, s3Error("list", f.loc.bucket, prefix, err)
		}
		for _, o := range page.Contents {
			if name := strings.TrimPrefix(aws.ToString(o.Key), prefix); name != "" {
				names = append(names, name)
			}
		}
	}
	return names, nil
}

func (f *s3Folder) remove(ctx context.Context, name string) error {
	_, err := f.client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(f.loc.bucket), Key: aws.String(f.objectKey(name))})
	return s3Error("delete", f.loc.bucket, f.objectKey(name), err)
}

// s3Error adds context to an S3 error and makes missing buckets and keys match
// os.ErrNotExist, and refusals os.ErrPermission, as local folders' errors do.
func s3Error(op, bucket, key string, err error) error {
	if err == nil {
		return nil
	}
	where := fmt.Sprintf("s3 %s s3://%s/%s", op, bucket, key)
	var code string
	if ae := smithy.APIError(nil); errors.As(err, &ae) {
		code = ae.ErrorCode()
	}
	status := 0
	if re := (*awshttp.ResponseError)(nil); errors.As(err, &re) {
		status = re.HTTPStatusCode()
	}
	switch {
	case code == "NoSuchBucket" || code == "NoSuchKey" || code == "NotFound" || (status == 404 && code == ""):
		return fmt.Errorf("%s: %w: %w", where, os.ErrNotExist, err)
	case code == "AccessDenied" || code == "AllAccessDisabled" || code == "InvalidAccessKeyId" ||
		code == "SignatureDoesNotMatch" || status == 403:
		return fmt.Errorf("%s: %w: %w", where, os.ErrPermission, err)
	}
	return fmt.Errorf("%s: %w", where, err)
}
