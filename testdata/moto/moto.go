// Package moto starts a moto S3 server on loopback for tests, with the environment pointing
// the AWS SDK and the aws CLI at it, and reads back through the real aws CLI.
package moto

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Server is a moto S3 server on loopback, with the environment pointing the SDK and the
// aws CLI at it.
type Server struct {
	Endpoint string
	t        testing.TB
}

// Start starts `moto_server` on a free port, waits until it answers and sets the
// environment for the test; it is killed when the test ends. Without moto_server on PATH
// the test is skipped.
func Start(t testing.TB) *Server {
	t.Helper()
	bin, err := exec.LookPath("moto_server")
	if err != nil {
		t.Skip("moto_server is not on PATH (pip install 'moto[server]'): skipping the real S3 test")
	}
	if _, err := exec.LookPath("aws"); err != nil {
		t.Fatal("moto_server is on PATH but the aws CLI is not: the S3 test reads back with it")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	var logs bytes.Buffer
	cmd := exec.Command(bin, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	cmd.Stdout, cmd.Stderr = &logs, &logs
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // the pyenv shim may leave a child
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
	})
	endpoint := fmt.Sprintf("http://127.0.0.1:%d", port)
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(endpoint + "/moto-api/")
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("moto_server did not answer on %s: %v\n%s", endpoint, err, logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	home := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_SESSION_TOKEN": "",
		"AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1", "AWS_PROFILE": "",
		"AWS_CONFIG_FILE": filepath.Join(home, "config"), "AWS_SHARED_CREDENTIALS_FILE": filepath.Join(home, "credentials"),
		"AWS_EC2_METADATA_DISABLED": "true", "AWS_ENDPOINT_URL": endpoint, "AWS_ENDPOINT_URL_S3": "",
		"AWS_S3_USE_PATH_STYLE": "",
	} {
		t.Setenv(k, v) // restores the old value after the test
		if v == "" {
			os.Unsetenv(k)
		}
	}
	return &Server{Endpoint: endpoint, t: t}
}

// AWS runs the aws CLI against moto and returns its standard output.
func (m *Server) AWS(args ...string) string {
	m.t.Helper()
	out, err := m.AWSErr(args...)
	if err != nil {
		m.t.Fatalf("aws %s: %v", strings.Join(args, " "), err)
	}
	return out
}

func (m *Server) AWSErr(args ...string) (string, error) {
	cmd := exec.Command("aws", append([]string{"--endpoint-url", m.Endpoint}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return string(out), fmt.Errorf("%w: %s", err, stderr.String())
	}
	return string(out), nil
}

// Keys lists the object keys under s3://bucket/ with `aws s3 ls --recursive`.
func (m *Server) Keys(bucket string) []string {
	var keys []string
	for _, line := range strings.Split(strings.TrimSpace(m.AWS("s3", "ls", "--recursive", "s3://"+bucket+"/")), "\n") {
		if f := strings.Fields(line); len(f) == 4 {
			keys = append(keys, f[3])
		}
	}
	slices.Sort(keys)
	return keys
}

func (m *Server) Download(bucket, key string) []byte {
	m.t.Helper()
	dst := filepath.Join(m.t.TempDir(), "object")
	m.AWS("s3", "cp", "--quiet", "s3://"+bucket+"/"+key, dst)
	data, err := os.ReadFile(dst)
	if err != nil {
		m.t.Fatal(err)
	}
	return data
}

func (m *Server) Upload(data []byte, bucket, key string) {
	m.t.Helper()
	src := filepath.Join(m.t.TempDir(), "object")
	os.WriteFile(src, data, 0o644)
	m.AWS("s3", "cp", "--quiet", src, "s3://"+bucket+"/"+key)
}
