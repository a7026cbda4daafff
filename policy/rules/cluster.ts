import { Rule } from "../types";

/** Rules of the cluster layer (see ../shared/security-checklist.md). */
export const clusterRules: Rule[] = [];
