package client

import "regexp"

// secretPatterns match what must never reach a log: bearer tokens, our token prefixes, and the
// JSON fields that carry passwords, codes, keys and secrets.
var secretPatterns = []*regexp.Regexp{
	regexp.MustCompile(`(?i)(bearer\s+)\S+`),
	regexp.MustCompile(`x3[arkc]_[A-Za-z0-9_\-]+`),
	regexp.MustCompile(`(?i)("(?:password|current_password|confirm_password|code|backup_key|secret|otpauth_url|access_token|refresh_token|revoke_key|challenge|enrollment)"\s*:\s*)"(?:[^"\\]|\\.)*"`),
}

// Redact masks secrets in a log line.
func Redact(s string) string {
	s = secretPatterns[0].ReplaceAllString(s, "${1}[redacted]")
	s = secretPatterns[1].ReplaceAllString(s, "[redacted-token]")
	return secretPatterns[2].ReplaceAllString(s, `${1}"[redacted]"`)
}
