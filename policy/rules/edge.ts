import { Rule } from "../types";

/** Rules of the edge layer (see ../shared/security-checklist.md). */
export const edgeRules: Rule[] = [];
