import { Rule } from "../types";

/** Rules of the gitops layer (see ../shared/security-checklist.md). */
export const gitopsRules: Rule[] = [];
