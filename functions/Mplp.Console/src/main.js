import './styles.css';
import './app.js';
