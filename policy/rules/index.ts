import type { Rule } from "../types";
import { capacityRules } from "./capacity";
import { clusterRules } from "./cluster";
import { dataRules } from "./data";
import { edgeRules } from "./edge";
import { gitopsRules } from "./gitops";
import { networkRules } from "./network";
import { tenancyRules } from "./tenancy";
import { vpnRules } from "./vpn";
import { workloadsRules } from "./workloads";

/** Every rule of the pack, in the order of docs/policy.md. Each layer owns its file. */
export const rules: Rule[] = [
    ...networkRules,
    ...vpnRules,
    ...clusterRules,
    ...capacityRules,
    ...edgeRules,
    ...dataRules,
    ...tenancyRules,
    ...workloadsRules,
    ...gitopsRules,
];
