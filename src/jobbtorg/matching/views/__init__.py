"""The matching pages, one module per domain noun: employers, vacancies, matching profiles,
proposals and recruitment fairs."""
