import { apps } from "./apps";
import { cluster } from "./cluster";
import { common } from "./common";
import { data } from "./data";
import { edge } from "./edge";
import { gitops } from "./gitops";
import { network } from "./network";
import { vpn } from "./vpn";
import type { CallFn, OutputFn } from "./types";

// Later tables win for a type two layers mock; vpn goes last because it wraps edge's certificate mock.
const tables = [common, network, data, cluster, edge, gitops, apps, vpn];

export const resourceOutputs: Record<string, OutputFn> = Object.assign({}, ...tables.map((t) => t.resources));
export const callResults: Record<string, CallFn> = Object.assign({}, ...tables.map((t) => t.calls));
