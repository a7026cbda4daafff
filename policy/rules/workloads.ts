import { Rule } from "../types";

/** Rules of the workloads layer (see ../shared/security-checklist.md). */
export const workloadsRules: Rule[] = [];
