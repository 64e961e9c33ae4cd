"""Who exported which personal data, when: Wagtail audit-log entries seen only by those allowed to audit."""
