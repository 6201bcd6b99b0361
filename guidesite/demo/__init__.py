"""Demo content: the seed guide "Can You Earn a Master's in Machine Learning?" as data.

The data modules hold the seed's facts and figures unchanged, with prose in our own words;
`loader.py` writes them idempotently and `portraits.py` draws the people's portraits.
The schools and programs are fictional and say so.
"""
