/**
 * Java client of the NextBest decisioning server: decisions, events and the customer
 * context over gRPC, blocking or asynchronous, with a deadline on every call.
 */
package io.nextbest.client;
