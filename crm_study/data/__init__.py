"""The kit's data: the datasets and their sidecars (``datasets``), the glossary of term pairs
(``glossary``) and the seeded generators of the synthetic datasets (``generators``)."""
