package realtime_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/greenhouse-garden/greenhouse/internal/realtime"
)

// serverRoleEnv makes the test binary a socket server (see TestMain), so
// its memory can be read from outside without the clients' share.
const serverRoleEnv = "GREENHOUSE_FANOUT_SERVER"

func TestMain(m *testing.M) {
	if role := os.Getenv(serverRoleEnv); role != "" {
		os.Exit(serveRole(role))
	}
	os.Exit(m.Run())
}

// serveRole serves /ws with ours ("ours") or the bare hub ("bare") on a
// loopback port it prints, until its standard input closes.
func serveRole(role string) int {
	var h http.Handler
	if role == "bare" {
		h = newBareHub()
	} else {
		hub := realtime.NewHub(256, nil)
		h = realtime.NewHandler(hub, emptySource{}, realtime.Options{MaxConnections: 20000},
			nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	go func() { _ = http.Serve(ln, h) }()
	fmt.Println(ln.Addr().String())
	_, _ = io.Copy(io.Discard, os.Stdin)
	return 0
}

// BenchmarkSocketMemory reads the resident memory of a server process
// before and after 2,000 idle sockets connect, for greenhouse's handler and
// for the bare hub, and reports KiB per connection (target: under 40).
// Only the server's side is counted: the clients live in this process.
func BenchmarkSocketMemory(b *testing.B) {
	const clients = 2000
	for b.Loop() {
		ours := socketMemory(b, "ours", clients)
		ref := socketMemory(b, "bare", clients)
		b.ReportMetric(ours, "KiB/conn")
		b.ReportMetric(ref, "ref-KiB/conn")
		b.ReportMetric(ours/ref, "mem/ref")
	}
}

func socketMemory(t testing.TB, role string, clients int) float64 {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), serverRoleEnv+"="+role)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); _ = cmd.Wait() }()
	addr, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("server did not start: %v", err)
	}
	url := "ws://" + strings.TrimSpace(addr) + "/"
	// Warm up: one socket, so the first-connection allocations are not counted.
	warm, _, err := websocket.Dial(context.Background(), url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer warm.CloseNow()
	time.Sleep(300 * time.Millisecond)
	before := rssKiB(t, cmd.Process.Pid)
	conns := make([]*websocket.Conn, 0, clients)
	defer func() {
		for _, c := range conns {
			c.CloseNow()
		}
	}()
	for range clients {
		c, _, err := websocket.Dial(context.Background(), url, nil)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	time.Sleep(time.Second) // idle
	return float64(rssKiB(t, cmd.Process.Pid)-before) / float64(clients)
}

func rssKiB(t testing.TB, pid int) int {
	t.Helper()
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skipf("no /proc here: %v", err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			n, _ := strconv.Atoi(f[1])
			return n
		}
	}
	t.Fatal("no VmRSS")
	return 0
}
