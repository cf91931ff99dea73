/**
 * The {@code nextbest} command-line tool: records events, asks for decisions and reads or
 * forgets a customer's context.
 */
package io.nextbest.cli;
