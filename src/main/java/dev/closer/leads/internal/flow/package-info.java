/**
 * The monthly lead-flow heatmap (SPEC S5): per rep and day (or ISO week), leads received, mean first-response
 * time, share answered within 2 h and re-allocation rate, with a per-team summary; read from the
 * {@code lead_flow_daily} rollup that the assignment and action transactions keep up to date. Page
 * {@code /leads/flow}, API {@code GET /api/reports/lead-flow}, XLSX export, demo history.
 */
package dev.closer.leads.internal.flow;
