/**
 * The response-SLA engine (SPEC S1-S4), pure and clock-free: ladders of steps per grade, the 24 h
 * recycling breaker, red/yellow, and the evaluation of one lead's clock at a given moment. The
 * persistence, the durable ticker and the effects live in the enclosing package.
 */
package dev.closer.leads.internal.sla;
