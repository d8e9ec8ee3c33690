// Serves the built app (dist/) with the production headers, routes /api/<service>/ to each service of the
// system like nginx does (prefix stripped; base URLs from UPSTREAM_<SERVICE>, set by `make up`). A service the
// pages read whose variable is unset is stood in for by a demo with the service's contract at the same paths
// (/api/<name>/v1/...), live readings over WebSocket included, so the e2e test exercises the real paths.
// Used by the e2e test and by `make run`; no dependencies.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer, request as forward } from "node:http";
import { connect } from "node:net";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".png": "image/png",
};

// The system's services, each reached at /api/<name>/ (an empty value answers 502 naming the variable).
export const UPSTREAMS = {
  "thermal": process.env.UPSTREAM_THERMAL ?? "",
  "nightly": process.env.UPSTREAM_NIGHTLY ?? "",
};

/** The upstream URL for /api/<service>/<rest>, or undefined when the path is not a service's (nor
 * its /metrics, which is Prometheus's, in the cluster, and never proxied: nginx does the same). */
function routed(url) {
  const match = /^\/api\/([a-z0-9-]+)(\/.*)?$/.exec(url.pathname);
  if (!match || !Object.hasOwn(UPSTREAMS, match[1])) return undefined;
  if (/^\/metrics(\/|$)/.test(match[2] ?? "")) return undefined;
  return { service: match[1], base: UPSTREAMS[match[1]], pathname: match[2] ?? "/", path: (match[2] ?? "/") + url.search };
}

function proxyHeaders(request, target) {
  return { ...request.headers, host: target.host, "x-forwarded-for": request.socket.remoteAddress ?? "", "x-forwarded-proto": "http" };
}

// The services the demo stands in for (the first of each kind in decisions.yml; null: none in this system).
export const IOT_SERVICE = null;
export const ANALYTICS_SERVICE = null;

// The IoT service's GET /v1/buildings answer.
export const BUILDINGS = [
  { id: "depot", name: "Service Depot", floor_area_m2: 3100 },
  { id: "hq", name: "Headquarters", floor_area_m2: 18400 },
  { id: "lab", name: "Research Lab", floor_area_m2: 6200 },
];

const json = (value) => [200, JSON.stringify(value)];
const NOT_FOUND = [404, '{"detail":"not found"}'];

/** The demo's answer for a GET on a stood-in service ([status, body]), or undefined when it has none. */
function demo(route) {
  if (route.service === IOT_SERVICE) {
    if (route.pathname === "/v1/buildings") return json(BUILDINGS);
    const match = /^\/v1\/buildings\/([^/]+)(\/readings\/latest)?$/.exec(route.pathname);
    const building = match && BUILDINGS.find((b) => b.id === decodeURIComponent(match[1]));
    if (match && !building) return NOT_FOUND;
    if (match && match[2]) {
      const timestamp = new Date(Date.UTC(2024, 0, 1, 12)).toISOString();
      return json([
        { device_id: `${building.id}-meter`, metric: "energy_kwh", value: 42.5, timestamp },
        { device_id: `${building.id}-sensor`, metric: "temperature_c", value: 21.5, timestamp },
      ]);
    }
    if (match) return json(building);
  }
  if (route.service === ANALYTICS_SERVICE && route.pathname === "/v1/kpis") {
    return json(BUILDINGS.map((b) => ({ building_id: b.id, total_kwh: 1000, eui_kwh_per_m2: 1000 / b.floor_area_m2 })));
  }
  return undefined;
}

/** The headers nginx sends (nginx/security-headers.conf), so tests run under the production CSP. */
export function securityHeaders() {
  const text = readFileSync(join(ROOT, "nginx", "security-headers.conf"), "utf8");
  return Object.fromEntries([...text.matchAll(/^add_header\s+(\S+)\s+"([^"]*)"/gm)].map((m) => [m[1], m[2]]));
}

/** The live path of the stood-in IoT service: the building id, or undefined. */
function livePath(route) {
  const match = route && !route.base && route.service === IOT_SERVICE && /^\/v1\/buildings\/([^/]+)\/live$/.exec(route.pathname);
  return match ? decodeURIComponent(match[1]) : undefined;
}

// A pushed reading: the IoT service's readings export item.
function reading(buildingId, n) {
  const value = Math.round((21 + Math.sin(n / 3) * 1.5) * 10) / 10;
  return { seq: n + 1, device_id: `${buildingId}-sensor`, building_id: buildingId, metric: "temperature_c", value, timestamp: new Date().toISOString() };
}

// Just enough of RFC 6455 to push text frames to a browser.
function frame(text) {
  const payload = Buffer.from(text);
  const header = payload.length < 126 ? Buffer.from([0x81, payload.length]) : Buffer.from([0x81, 126, payload.length >> 8, payload.length & 255]);
  return Buffer.concat([header, payload]);
}

function acceptWebSocket(request, socket, buildingId, intervalMs) {
  const accept = createHash("sha1").update(`${request.headers["sec-websocket-key"]}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  let n = 0;
  const timer = setInterval(() => socket.write(frame(JSON.stringify(reading(buildingId, n++)))), intervalMs);
  socket.on("data", (data) => {
    if ((data[0] & 0x0f) === 0x8) socket.end(); // close frame from the browser
  });
  socket.on("close", () => clearInterval(timer));
  socket.on("error", () => clearInterval(timer));
}

/** A WebSocket upgrade to a service: replay the request with the stripped path, then splice the sockets. */
function tunnel(request, socket, head, target) {
  const upstream = connect(Number(target.port || 80), target.hostname, () => {
    const headers = Object.entries(proxyHeaders(request, target)).map(([k, v]) => `${k}: ${v}`).join("\r\n");
    upstream.write(`${request.method} ${target.pathname}${target.search} HTTP/1.1\r\n${headers}\r\n\r\n`);
    upstream.write(head);
    upstream.pipe(socket);
    socket.pipe(upstream);
  });
  upstream.on("error", () => socket.destroy());
  socket.on("error", () => upstream.destroy());
}

export function startServer({ host = "127.0.0.1", port = 0, dist = join(ROOT, "dist"), intervalMs = 300 } = {}) {
  const headers = securityHeaders();
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const send = (status, type, body, extra = {}) => {
      response.writeHead(status, { "Content-Type": type, ...headers, ...extra });
      response.end(body);
    };
    const route = routed(url);
    const answer = route && !route.base && request.method === "GET" ? demo(route) : undefined;
    if (answer) return send(answer[0], TYPES[".json"], answer[1]);
    if (route && !route.base) return send(502, TYPES[".json"], JSON.stringify({ detail: `no upstream for ${route.service}: set UPSTREAM_${route.service.toUpperCase().replaceAll("-", "_")}` }));
    if (route) {
      const target = new URL(route.path, route.base);
      const upstream = forward(target, { method: request.method, headers: proxyHeaders(request, target) }, (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      });
      upstream.on("error", (error) => send(502, TYPES[".json"], JSON.stringify({ detail: `${route.service}: ${error.message}` })));
      request.pipe(upstream);
      return undefined;
    }
    if (url.pathname.startsWith("/api/")) return send(404, TYPES[".json"], '{"detail":"not found"}');
    const file = normalize(join(dist, url.pathname));
    const isFile = file.startsWith(dist) && existsSync(file) && statSync(file).isFile();
    // Same cache rules as nginx: hashed assets for a year, everything else revalidated.
    const cache = url.pathname.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache";
    if (isFile) return send(200, TYPES[extname(file)] ?? "application/octet-stream", readFileSync(file), { "Cache-Control": cache });
    if (url.pathname.startsWith("/assets/")) return send(404, "text/plain", "not found");
    return send(200, TYPES[".html"], readFileSync(join(dist, "index.html")), { "Cache-Control": "no-cache" });
  });
  server.on("upgrade", (request, socket, head) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const route = routed(url);
    if (route && route.base) return tunnel(request, socket, head, new URL(route.path, route.base));
    const live = livePath(route);
    if (live !== undefined) return acceptWebSocket(request, socket, live, intervalMs);
    return socket.destroy();
  });
  return new Promise((resolve) => {
    server.listen(port, host, () => {
      const address = server.address();
      resolve({
        url: `http://${host}:${address.port}`,
        close: () => new Promise((done) => (server.closeAllConnections(), server.close(() => done()))),
      });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url } = await startServer({ host: process.env.HOST ?? "127.0.0.1", port: Number(process.env.PORT ?? 8080) });
  console.log(`serving dist/ and /api/ on ${url}`);
}
