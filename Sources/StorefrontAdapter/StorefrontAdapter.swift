// StorefrontAdapter
