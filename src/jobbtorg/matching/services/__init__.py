"""Every write of matching, one module per domain noun: employers, vacancies, the ad import,
matching profiles, proposals and recruitment fairs."""
