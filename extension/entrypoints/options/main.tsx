import { render } from 'preact';
import '../../ui/page.css';
import '../../ui/options.css';
import { Options } from '../../ui/Options';

render(<Options />, document.getElementById('app')!);
