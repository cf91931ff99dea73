package io.nextbest.server.security;

import java.security.cert.X509Certificate;
import java.util.function.Supplier;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;

/**
 * Machine callers with a client certificate (mutual TLS): the transport has checked the
 * certificate against the configured client CA; here its subject is looked up in the
 * callers file, so a certificate the CA signed for someone else gets no role.
 */
final class CertificateAuthenticationProvider implements AuthenticationProvider {

	private final Supplier<Callers> callers;

	CertificateAuthenticationProvider(Supplier<Callers> callers) {
		this.callers = callers;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		if (!(authentication.getCredentials() instanceof X509Certificate certificate)) {
			return null;
		}
		Caller caller = this.callers.get().bySubject(certificate.getSubjectX500Principal());
		if (caller == null) {
			throw new BadCredentialsException("no caller has this certificate's subject");
		}
		return new CallerAuthentication(caller);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return PreAuthenticatedAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
