/** Messages between the benchmark and its load processes (child_process IPC, one reply per request). */

export interface ConnectRequest {
  kind: "connect";
  url: string;
  token: string;
  runId: string;
  /** Global indices of the agents this process simulates. */
  indices: number[];
  total: number;
  /** Time origin of heartbeat stamps (Unix ms). */
  epoch: number;
  /** Handshakes in flight at once from this process. */
  concurrency: number;
}

export interface HeartbeatRequest {
  kind: "heartbeats";
  /** When agent 0 of the fleet beats first (Unix ms); the others follow evenly spread. */
  startAt: number;
  /** 0 stops heartbeats. */
  intervalMs: number;
}

export interface ModeRequest {
  kind: "mode";
  /** quick: accept, print a few lines, report success after `workMs`. stream: print until told to stop. */
  mode: "quick" | "stream";
  workMs: number;
  linesPerSecond: number;
}

export type LoadRequest =
  | ConnectRequest
  | HeartbeatRequest
  | ModeRequest
  | { kind: "stop-stream" }
  | { kind: "report" }
  | { kind: "close" };

export interface ConnectReply {
  kind: "connected";
  registered: number;
  /** Time from the connect request until each agent's register ack (ms). */
  registerMs: number[];
  errors: Record<string, number>;
}

export interface StreamSummary {
  host: string;
  commandId: string;
  lastSeq: number;
  /** Lines printed until the stop request. */
  printedBeforeStop: number;
  storedThrough: number;
  resultAcked: boolean;
}

export interface LoadReport {
  kind: "report";
  heartbeatsSent: number;
  heartbeatsAcked: number;
  heartbeatErrors: number;
  disconnects: number;
  /** command:run arrivals since the last report: Unix ms. */
  commandsReceived: number[];
  /** command:result acks since the last report: Unix ms. */
  resultsAcked: number[];
  /** Output lines the dashboard acknowledged as stored, since the last report. */
  linesStored: number;
  outputErrors: number;
  errors: Record<string, number>;
}

export interface StreamDoneReply {
  kind: "stream-done";
  streams: StreamSummary[];
}

export type LoadReply = ConnectReply | LoadReport | StreamDoneReply | { kind: "ok" };

export interface Envelope<T> {
  id: number;
  body: T;
}
