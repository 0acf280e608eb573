// The ten Stadtbezirke of Bielefeld with a central point each: where a search starts when the
// device's location is not used.

export const DISTRICTS = [
  { id: "mitte", name: "Mitte", lat: 52.0215, lon: 8.5325 },
  { id: "schildesche", name: "Schildesche", lat: 52.05, lon: 8.515 },
  { id: "gadderbaum", name: "Gadderbaum", lat: 52.005, lon: 8.508 },
  { id: "brackwede", name: "Brackwede", lat: 51.995, lon: 8.498 },
  { id: "dornberg", name: "Dornberg", lat: 52.04, lon: 8.46 },
  { id: "joellenbeck", name: "Jöllenbeck", lat: 52.095, lon: 8.515 },
  { id: "heepen", name: "Heepen", lat: 52.038, lon: 8.61 },
  { id: "stieghorst", name: "Stieghorst", lat: 52.005, lon: 8.6 },
  { id: "sennestadt", name: "Sennestadt", lat: 51.945, lon: 8.59 },
  { id: "senne", name: "Senne", lat: 51.955, lon: 8.52 },
];

export const DEFAULT_DISTRICT = "mitte";
